FROM alpine
RUN echo a # not a comment
ENV X=1 # Y=2
LABEL a=b#c
