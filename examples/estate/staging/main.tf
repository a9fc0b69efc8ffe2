# What Git wants for staging. terraform.tfstate records what runs now (applied from applied.tf.txt),
# so a plan shows the drift between the two.

resource "terraform_data" "web" {
  input = {
    image    = "registry.example.com/web:1.6.0-rc.2"
    replicas = 2
    env      = { LOG_LEVEL = "info" }
  }
}

resource "terraform_data" "queue" {
  input = { name = "orders-staging", retention_days = 7 }
}
