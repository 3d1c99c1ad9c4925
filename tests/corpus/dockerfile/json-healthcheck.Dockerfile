FROM alpine
HEALTHCHECK CMD ["curl","-f","http://localhost/"]
HEALTHCHECK --interval=1m CMD [ ]
