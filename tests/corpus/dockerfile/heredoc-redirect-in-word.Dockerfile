FROM alpine
RUN cat <<EOF>/out
body
EOF>/out
