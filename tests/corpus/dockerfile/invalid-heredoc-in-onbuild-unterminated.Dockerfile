FROM alpine
ONBUILD RUN <<EOF
echo never ends
