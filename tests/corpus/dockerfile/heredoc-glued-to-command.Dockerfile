FROM alpine
RUN cat<<EOF
RUN echo body
EOF
