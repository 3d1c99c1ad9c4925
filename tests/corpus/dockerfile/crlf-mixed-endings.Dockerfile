FROM alpine
RUN echo lf
RUN echo crlf
RUN echo double-cr
ENV A=b
