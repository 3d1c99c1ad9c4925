FROM alpine
ONBUILD COPY --chmod=644 <<conf /etc/app.conf
key=value
conf
