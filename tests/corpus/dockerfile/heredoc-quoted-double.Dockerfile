FROM alpine
COPY <<"EOF" /etc/motd
welcome $USER
EOF
