FROM alpine
CMD ["\" \\ \/ \b \f \n \r \t"]
