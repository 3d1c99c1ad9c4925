FROM alpine
RUN echo goodbye\
frog
RUN echo hello\
  world
