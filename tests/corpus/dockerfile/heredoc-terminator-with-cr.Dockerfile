FROM alpine
RUN <<EOF
body
EOF
RUN <<A
x
A
