FROM alpine
ENV OK=1
RUN echo fine
ENV BAD
