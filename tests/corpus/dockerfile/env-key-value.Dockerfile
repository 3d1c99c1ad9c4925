FROM alpine
ENV a=b c=d
ENV A=1 B="x y" C=z\ w
ENV EMPTY= ALSO=""
ENV X=a=b=c
