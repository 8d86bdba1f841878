"""govtables: rebuild and check the tables of Chinese government information-disclosure annual reports."""
