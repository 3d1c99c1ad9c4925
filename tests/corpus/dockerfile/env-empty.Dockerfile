FROM alpine
ENV
ENV    
LABEL
