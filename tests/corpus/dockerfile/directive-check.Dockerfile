# check=skip=all
FROM alpine
RUN echo hi
