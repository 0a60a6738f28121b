# Django's zh_Hans writes "03月31日"; Chinese readers write "3月31日".
MONTH_DAY_FORMAT = "n月j日"
