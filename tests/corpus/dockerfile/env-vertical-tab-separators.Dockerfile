FROM alpine
ENV AB
ENV C=1D=2
LABEL ef
