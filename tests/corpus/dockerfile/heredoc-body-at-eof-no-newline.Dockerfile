FROM alpine
RUN <<EOF
body