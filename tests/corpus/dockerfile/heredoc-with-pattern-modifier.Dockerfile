FROM alpine
RUN echo ${X#prefix} <<EOF
body
EOF
