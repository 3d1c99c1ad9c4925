FROM alpine
CMD echo shell
CMD ["exec"]
ENTRYPOINT /bin/sh -c 'x'
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD
ENTRYPOINT
