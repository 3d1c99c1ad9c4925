FROM
FROM a b
FROM a AS b c
FROM a   AS	b
