FROM nginx
HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --start-interval=500ms --retries=3 \
  CMD curl -f http://localhost/ || exit 1
HEALTHCHECK --interval=1h2m3s4ms5us6ns CMD true
HEALTHCHECK --interval=0 --timeout=-1s --retries=x CMD false
