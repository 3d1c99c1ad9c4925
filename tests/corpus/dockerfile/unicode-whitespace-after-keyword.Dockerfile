FROM alpine
RUN echo em-space
CMD nbsp
ENV　A=1
