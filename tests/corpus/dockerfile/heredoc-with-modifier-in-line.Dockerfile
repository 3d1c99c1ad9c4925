FROM alpine
RUN echo ${X:-default} <<EOF
body
EOF
