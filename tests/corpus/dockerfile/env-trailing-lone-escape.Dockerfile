FROM alpine
ENV a=b\\\
ENV c="d\\\
ARG e=f\\\
