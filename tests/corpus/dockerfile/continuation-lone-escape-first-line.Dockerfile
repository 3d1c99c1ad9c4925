\
FROM alpine
RUN true
