FROM alpine
RUN echo x \
    \
  y
