FROM alpine
COPY --doit=true -- --foo /tmp/
COPY -- foo /tmp/
COPY --chown=1 -- -- /x
RUN -- echo no flags
