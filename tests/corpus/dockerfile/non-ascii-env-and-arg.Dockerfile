FROM alpine
ENV NAMN=Åsa STADT="München"
ARG grüße=hallo
ENV legacy wert mit ümlaut
