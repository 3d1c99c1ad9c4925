FROM alpine
RUN <<EOF
EOF
COPY <<A <<B /x
A
B
