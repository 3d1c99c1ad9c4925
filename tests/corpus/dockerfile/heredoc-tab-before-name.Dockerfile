FROM alpine
RUN cat <<	END
x
END
