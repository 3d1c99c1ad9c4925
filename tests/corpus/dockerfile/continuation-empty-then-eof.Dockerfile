FROM alpine
RUN a \

