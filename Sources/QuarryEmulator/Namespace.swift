// QuarryEmulator
