// QuarryTable
