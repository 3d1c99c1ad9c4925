FROM alpine
COPY <<EOF <<EOF /x
first
EOF
second
EOF
