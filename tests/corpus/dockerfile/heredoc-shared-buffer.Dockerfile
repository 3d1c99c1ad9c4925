FROM alpine
RUN x${A:-y}<<EOF
body
EOF
