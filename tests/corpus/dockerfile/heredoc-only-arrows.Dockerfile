FROM alpine
RUN cat << 
RUN cat <<-
RUN cat <<''

