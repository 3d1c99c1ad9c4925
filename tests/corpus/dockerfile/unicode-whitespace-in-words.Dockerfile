FROM alpine
ENV A=1 B=2
ARG x=1　y=2
ENV K V
LABEL a= b
