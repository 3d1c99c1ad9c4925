FROM alpine
ONBUILD RUN <<EOF
echo hi
EOF
ONBUILD COPY <<A /a
file
A
