FROM alpine
RUN echo foo \\\
RUN echo bar
