FROM alpine
RUN something \