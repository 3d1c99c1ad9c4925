FROM alpine
RUN <<EOF
echo
EOF
LABEL a=1 b
