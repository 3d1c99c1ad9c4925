FROM alpine
COPY ["<<EOF", "/x"]
EOF
