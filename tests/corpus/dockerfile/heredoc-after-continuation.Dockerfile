FROM alpine
RUN cat <<EOF \
  > /out
hello
EOF
