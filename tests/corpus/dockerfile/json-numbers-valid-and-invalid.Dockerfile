FROM alpine
CMD [01]
CMD [1.]
CMD [-]
