FROM alpine
ENV K V
