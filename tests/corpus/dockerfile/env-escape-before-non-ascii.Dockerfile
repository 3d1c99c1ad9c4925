FROM alpine
ENV a=\é b="\ü" c='\ß'
