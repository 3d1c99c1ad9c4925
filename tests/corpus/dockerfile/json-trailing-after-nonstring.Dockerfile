FROM alpine
RUN [1] && echo x
