FROM alpine
RUN echo ab
FROMalpineASx
ENV AB
