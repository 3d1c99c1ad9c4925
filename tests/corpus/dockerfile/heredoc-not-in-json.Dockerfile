FROM alpine
RUN ["<<EOF"]
RUN "<<NOHEREDOC"
RUN echo '<<SINGLE'
