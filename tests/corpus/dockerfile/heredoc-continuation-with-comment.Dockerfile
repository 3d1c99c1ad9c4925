FROM alpine
RUN cat <<EOF \
# dropped comment
  && echo done
body
EOF
