FROM alpine
HEALTHCHECK --interval=5s CMD
HEALTHCHECK --timeout=1s CMD   
HEALTHCHECK cmd echo lower
