FROM alpine
# comment \
RUN echo x
# another \

RUN echo y
