FROM alpine
RUN cat <<E\OF
body
EOF
